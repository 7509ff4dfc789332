#!/usr/bin/env bash
# Installs the Debian packages permits needs at run time (WeasyPrint's Pango/HarfBuzz, DejaVu fonts),
# and with --browser also Chromium for the browser tests. Only acts when something is missing.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils)
# npm installs the browser assets (axe-core, OpenLayers, bpmn-js) into node_modules/.
command -v npm >/dev/null || packages+=(nodejs npm)
if [[ "${1:-}" == "--browser" ]]; then packages+=(chromium); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "permits needs these Debian packages: ${missing[*]} (install them as root with apt-get)" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Another apt run (unattended upgrades, a second checkout) may hold the dpkg lock: wait for it up to
# five minutes instead of failing at once.
apt_wait=(-o DPkg::Lock::Timeout=300)
apt-get "${apt_wait[@]}" update -qq
apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
