-- A per-user token version: bumped on a password, role or disabled change, so access tokens and
-- refresh families issued under an older version stop working.
ALTER TABLE "User" ADD COLUMN "tokenVersion" INTEGER NOT NULL DEFAULT 0;

-- Existing families began at version 0, which every user has now. New rows must name their version.
ALTER TABLE "RefreshToken" ADD COLUMN "tokenVersion" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "RefreshToken" ALTER COLUMN "tokenVersion" DROP DEFAULT;
