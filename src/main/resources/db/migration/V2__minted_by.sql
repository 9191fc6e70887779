-- Which API key minted a token through a management API (null: a user's login token, an import, the bootstrap), so
-- that what happens to the key happens to what it minted: deleting the key deletes them (ON DELETE CASCADE, down
-- every level), and disabling it marks them is_minter_disabled, a flag of their own so that re-enabling the key
-- restores exactly the tokens that were not disabled themselves. Both are written in the transaction that changes
-- the key (TokenService), so the data plane reads one row per token as before.
ALTER TABLE tokens ADD COLUMN minted_by UUID;
ALTER TABLE tokens ADD COLUMN is_minter_disabled BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE tokens ADD CONSTRAINT tokens_minted_by_fk FOREIGN KEY (minted_by) REFERENCES tokens (id) ON DELETE CASCADE;
CREATE INDEX tokens_minted_by ON tokens (minted_by);
