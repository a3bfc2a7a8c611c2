-- Every column below was narrower than a value the API accepts or the server derives from
-- one. SQLite never enforced the widths, so only PostgreSQL refused these writes (a 500, or
-- a background write that kept failing); the widths now hold what is accepted (data-model.md
-- §0.1). Widening VARCHAR, or VARCHAR to TEXT, rewrites no table and keeps every index.

-- NodeRegister `hostname` is ≤255 characters (rest-api.md §2.2).
ALTER TABLE camera_nodes ALTER COLUMN hostname TYPE VARCHAR(255);

-- The codec report takes codecs of up to 64 characters (rest-api.md §1, `POST …/codec`) and
-- stores them on the camera, and on its node when the node has none yet.
ALTER TABLE camera_nodes ALTER COLUMN video_codec TYPE VARCHAR(64);
ALTER TABLE camera_nodes ALTER COLUMN audio_codec TYPE VARCHAR(64);
ALTER TABLE cameras ALTER COLUMN video_codec TYPE VARCHAR(64);
ALTER TABLE cameras ALTER COLUMN audio_codec TYPE VARCHAR(64);

-- A camera id is `<node_id>_<sanitised device path>` with a device path of up to 255
-- characters (264 for the dashboard's 8-character node ids), and a manual Sentinel run
-- stores whatever camera id it was given; a camera without a reported name is called
-- `Camera <sanitised device path>` (up to 262); capabilities are any list of strings,
-- joined. Derived values: no width.
ALTER TABLE cameras ALTER COLUMN camera_id TYPE TEXT;
ALTER TABLE cameras ALTER COLUMN name TYPE TEXT;
ALTER TABLE cameras ALTER COLUMN capabilities TYPE TEXT;
ALTER TABLE stream_access_logs ALTER COLUMN camera_id TYPE TEXT;
ALTER TABLE incidents ALTER COLUMN camera_id TYPE TEXT;
ALTER TABLE incident_evidence ALTER COLUMN camera_id TYPE TEXT;
ALTER TABLE motion_events ALTER COLUMN camera_id TYPE TEXT;
ALTER TABLE notifications ALTER COLUMN camera_id TYPE TEXT;
ALTER TABLE sentinel_runs ALTER COLUMN camera_id TYPE TEXT;

-- Per-camera keys (`motion_email_cooldown_start:<camera_id>`) are 28 characters longer than
-- the camera id.
ALTER TABLE settings ALTER COLUMN "key" TYPE TEXT;
