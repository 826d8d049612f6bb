-- A file whose page gives no sha256 but another hash (md5, sha384, sha512...) is verified against that one:
-- "<name>=<hex>", the strongest the page gave. Null when the page gave a sha256, or no hash at all.
ALTER TABLE files ADD COLUMN alt_hash VARCHAR(200);
