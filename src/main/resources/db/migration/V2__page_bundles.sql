-- Page renderings move into the renderings store as one content-addressed bundle (HTML, JSON and their compressed
-- forms). A row without a bundle is a page from 0.1, whose renderings are converted at startup.
ALTER TABLE pages ADD COLUMN bundle_digest VARCHAR(64);
ALTER TABLE pages ADD COLUMN bundle_size BIGINT;
