DROP TABLE IF EXISTS org_daily_usage;
