-- Page renderings move into the renderings store as one content-addressed bundle (HTML, JSON and their compressed
-- forms). A row without a bundle is a page from 0.1: it is fetched again on its next request.
ALTER TABLE pages ADD COLUMN bundle_digest VARCHAR(64);
ALTER TABLE pages ADD COLUMN bundle_size BIGINT;
