-- Cluster-wide claims on upstream work (one download of a file across every replica). A holder renews its lease
-- while it works; a replica that dies stops renewing, its lease lapses, and another may take over. Times are the
-- database's clock in epoch milliseconds, so replicas' clocks need not agree. Unused with H2 (one node).
CREATE TABLE claims (
  claim_key VARCHAR(700) NOT NULL PRIMARY KEY,
  holder VARCHAR(64) NOT NULL,
  expires_at BIGINT NOT NULL
);
