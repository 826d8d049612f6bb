-- A page's listing moves out of one row per file into one compressed value per page (ListingCodec): a file gets its
-- row in `files` when it is first asked for. Writing 30,000 rows for a new page cost H2 about 400 MB of allocation
-- and most of the page's write time. Rows already in `files` stay; they are found before any listing.
CREATE TABLE listings (
  upstream_id VARCHAR(64) NOT NULL,
  project VARCHAR(200) NOT NULL,
  listed_at BIGINT NOT NULL,
  file_count INT NOT NULL,
  entries BYTEA NOT NULL,
  PRIMARY KEY (upstream_id, project));
CREATE INDEX listings_project ON listings (project);
