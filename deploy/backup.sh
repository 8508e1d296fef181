#!/usr/bin/env bash
# Back up Bangkom: the PostgreSQL database (pg_dump, custom format) and both media
# folders (MEDIA_ROOT: uploaded documents and images; the private folder: certificate
# PDFs, proofs of learning, mentoring evidence, import files), with a manifest of
# SHA-256 sums that restore.sh checks before it touches anything (docs/deployment.md
# "Backups").
#
#   deploy/backup.sh DEST_DIR        -> DEST_DIR/bangkom-YYYYmmdd-HHMMSS/
#
# Reads the same environment as Bangkom itself:
#   DATABASE_URL                postgres://user:pw@host:5432/name (required)
#   MEDIA_ROOT                  default: var/media beside this repository
#   BANGKOM_PRIVATE_MEDIA_ROOT  default: "$MEDIA_ROOT-private"
#
# The database is dumped first, then the folders: files are only ever added (a
# certificate's PDF is written before its row is committed), so every row in the dump
# finds its file in the folders copied after it. Certificates kept in S3-compatible
# storage (BANGKOM_CERTIFICATE_STORAGE) are not in the private folder: back up that
# bucket with the storage's own tools (versioning or replication).
set -euo pipefail

usage() { echo "usage: $0 DEST_DIR" >&2; exit 2; }
[ $# -eq 1 ] || usage
dest_root=$1

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database (postgres://...)}"
case $DATABASE_URL in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh backs up PostgreSQL; DATABASE_URL is not a postgres:// URL" >&2; exit 2 ;;
esac
# shellcheck source=deploy/media_roots.sh
source "$(dirname "$0")/media_roots.sh"

umask 077  # the backup holds personal data
stamp=$(date -u +%Y%m%d-%H%M%S)
dest=$dest_root/bangkom-$stamp
mkdir -p "$dest_root"
# Written under a temporary name and renamed at the end: a half-made backup never
# looks like a finished one.
work=$(mktemp -d "$dest_root/.bangkom-$stamp.XXXXXX")
trap 'rm -rf "$work"' EXIT

# libpq reads postgres:// URLs itself; --no-owner/--no-acl let it restore into a
# database owned by another role.
pg_dump --format=custom --no-owner --no-acl --file="$work/database.dump" --dbname="$DATABASE_URL"

pack() {  # folder, name: a tar of the folder's contents and the SHA-256 of every file
  local folder=$1 name=$2
  if [ -d "$folder" ]; then
    tar -C "$folder" -czf "$work/$name.tar.gz" .
    (cd "$folder" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) >"$work/$name.files.sha256"
  else
    tar -czf "$work/$name.tar.gz" --files-from=/dev/null
    : >"$work/$name.files.sha256"
  fi
}
pack "$media_root" media
pack "$private_root" media-private

cat >"$work/backup.txt" <<INFO
Bangkom backup $stamp (UTC)
database: $(pg_dump --version)
media: $media_root ($(wc -l <"$work/media.files.sha256") files)
private media: $private_root ($(wc -l <"$work/media-private.files.sha256") files)
INFO
(cd "$work" && sha256sum database.dump media.tar.gz media-private.tar.gz \
   media.files.sha256 media-private.files.sha256 backup.txt >MANIFEST.sha256)

mv "$work" "$dest"
trap - EXIT
echo "$dest"
