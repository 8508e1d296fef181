#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database and EMPTY (or missing)
# media folders (docs/deployment.md "Backups").
#
#   deploy/restore.sh BACKUP_DIR
#
# Environment as for Bangkom itself: DATABASE_URL (the new, empty database),
# MEDIA_ROOT and BANGKOM_PRIVATE_MEDIA_ROOT (default "$MEDIA_ROOT-private").
#
# Order, so that a bad backup changes nothing: (1) the manifest's SHA-256 sums are
# checked; (2) the targets are checked to be empty; (3) the folders are unpacked
# beside their targets and every file is checked against the sums taken at backup;
# (4) the database is restored in one transaction; (5) only then the folders are
# moved into place.
set -euo pipefail

usage() { echo "usage: $0 BACKUP_DIR" >&2; exit 2; }
[ $# -eq 1 ] || usage
backup=$(cd "$1" && pwd)

: "${DATABASE_URL:?DATABASE_URL must name the new, empty PostgreSQL database}"
case $DATABASE_URL in
  postgres://*|postgresql://*) ;;
  *) echo "restore.sh restores into PostgreSQL; DATABASE_URL is not a postgres:// URL" >&2; exit 2 ;;
esac
# shellcheck source=deploy/media_roots.sh
source "$(dirname "$0")/media_roots.sh"

fail() { echo "restore.sh: $*" >&2; exit 1; }

# 1. The backup is whole and unchanged.
[ -f "$backup/MANIFEST.sha256" ] || fail "$backup has no MANIFEST.sha256: not a Bangkom backup"
(cd "$backup" && sha256sum --quiet --strict -c MANIFEST.sha256) \
  || fail "the backup does not match its manifest: nothing was restored"

# 2. The targets are empty: a restore never mixes two states.
tables=$(psql "$DATABASE_URL" -tAc \
  "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
[ "$tables" = 0 ] || fail "the database already has $tables tables: restore into an empty one"
for folder in "$media_root" "$private_root"; do
  if [ -e "$folder" ] && [ -n "$(ls -A "$folder")" ]; then
    fail "$folder is not empty: restore into an empty or missing folder"
  fi
done

# 3. Unpack beside the targets and check every file.
umask 077
staged=()
cleanup() { for dir in "${staged[@]}"; do rm -rf "$dir"; done; }
trap cleanup EXIT
stage_for() {  # target folder -> a new staging folder beside it
  mkdir -p "$(dirname "$1")"
  mktemp -d "$(dirname "$1")/.restore-$(basename "$1").XXXXXX"
}
unpack() {  # archive name, staging folder
  tar -C "$2" -xzf "$backup/$1.tar.gz"
  if [ -s "$backup/$1.files.sha256" ]; then
    (cd "$2" && sha256sum --quiet --strict -c "$backup/$1.files.sha256") \
      || fail "files in $1.tar.gz differ from the sums taken at backup"
  fi
}
media_stage=$(stage_for "$media_root"); staged+=("$media_stage")
private_stage=$(stage_for "$private_root"); staged+=("$private_stage")
unpack media "$media_stage"
unpack media-private "$private_stage"

# 4. The database, all or nothing.
pg_restore --no-owner --no-acl --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$backup/database.dump"

# 5. The folders into place.
place() {
  local stage=$1 target=$2
  if [ -d "$target" ]; then rmdir "$target"; fi
  mv "$stage" "$target"
}
place "$media_stage" "$media_root"
place "$private_stage" "$private_root"
staged=()
trap - EXIT
echo "restored $backup into the database and $media_root, $private_root"
