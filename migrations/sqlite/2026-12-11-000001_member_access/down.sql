DROP TABLE IF EXISTS member_access;
