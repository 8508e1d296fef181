# Sourced by backup.sh and restore.sh: the two media folders as the settings resolve
# them (site/config/settings/base.py): MEDIA_ROOT, default var/media in the checkout;
# BANGKOM_PRIVATE_MEDIA_ROOT, default MEDIA_ROOT with "-private". No trailing slash.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
media_root=${MEDIA_ROOT:-$repo/var/media}
media_root=${media_root%/}
private_root=${BANGKOM_PRIVATE_MEDIA_ROOT:-$media_root-private}
private_root=${private_root%/}
