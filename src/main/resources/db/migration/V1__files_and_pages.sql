-- The schema as Pantry 0.1 created it. Databases made by 0.1 (without Flyway's history) are baselined at this
-- version, so existing caches are kept; IF NOT EXISTS makes a fresh database and an old one end up the same.
CREATE TABLE IF NOT EXISTS files (
  upstream_id VARCHAR(64) NOT NULL,
  project VARCHAR(200) NOT NULL,
  filename VARCHAR(260) NOT NULL,
  url VARCHAR(8192) NOT NULL,
  sha256 VARCHAR(64),
  size BIGINT,
  requires_python VARCHAR(2048),
  yanked VARCHAR(4096),
  upload_time VARCHAR(64),
  listed_at BIGINT NOT NULL,
  cached_sha256 VARCHAR(64),
  cached_size BIGINT,
  cached_at BIGINT,
  last_access BIGINT,
  hits BIGINT DEFAULT 0 NOT NULL,
  bytes_served BIGINT DEFAULT 0 NOT NULL,
  fetch_count BIGINT DEFAULT 0 NOT NULL,
  bytes_fetched BIGINT DEFAULT 0 NOT NULL,
  PRIMARY KEY (upstream_id, project, filename));

CREATE INDEX IF NOT EXISTS files_cached_sha ON files (cached_sha256);
CREATE INDEX IF NOT EXISTS files_project ON files (project);
CREATE INDEX IF NOT EXISTS files_sha ON files (sha256);

CREATE TABLE IF NOT EXISTS pages (
  upstream_id VARCHAR(64) NOT NULL,
  project VARCHAR(200) NOT NULL,
  fetched_at BIGINT NOT NULL,
  upstream_etag VARCHAR(1024),
  upstream_last_modified VARCHAR(128),
  html_digest VARCHAR(64) NOT NULL,
  json_digest VARCHAR(64) NOT NULL,
  file_count INT NOT NULL,
  PRIMARY KEY (upstream_id, project));
