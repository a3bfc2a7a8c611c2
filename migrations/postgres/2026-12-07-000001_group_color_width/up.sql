-- The API takes a group colour of up to 20 characters (rest-api.md, camera groups), as the
-- original did; its VARCHAR(7) held only `#rrggbb`. SQLite never enforced the width, so
-- only PostgreSQL refused (a 500) what the contract accepts.
ALTER TABLE camera_groups ALTER COLUMN color TYPE VARCHAR(20);
