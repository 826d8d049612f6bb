-- Which upstream owns each project name (normalized). Sticky: written once, when an upstream first supplies the
-- project's page, and changed only by an admin's release. "direct" records that the page came from the upstream's
-- own origin rather than through a redirect to another one; a direct owner that later only forwards has vanished.
CREATE TABLE owners (
  project VARCHAR(200) NOT NULL PRIMARY KEY,
  upstream_id VARCHAR(64) NOT NULL,
  direct BOOLEAN NOT NULL,
  claimed_at BIGINT NOT NULL
);

-- PEP 792: the status the owner's page gave (quarantined, archived, deprecated), so a quarantine reaches the files
-- already cached, in every process. Null for active, or when the upstream gave none.
ALTER TABLE pages ADD COLUMN project_status VARCHAR(32);
