#!/usr/bin/env bash
# The example's image, built offline (no registry needed): Debian's static busybox and a link per
# applet, loaded with `docker import`. Does nothing when the image is already there.
#   bash scripts/busybox-image.sh [ref]      default ref: flytekit-ts-examples/busybox:local
# On a machine that reaches Docker Hub, `busybox:1.36` in src/pipeline.ts works as well.
set -euo pipefail
ref="${1:-flytekit-ts-examples/busybox:local}"
if docker image inspect "$ref" >/dev/null 2>&1; then exit 0; fi
busybox="$(command -v busybox || true)"
if [ -z "$busybox" ]; then
  echo "busybox-image: needs a static busybox (Debian: busybox-static; 'bash scripts/docker-engine.sh start' at the repository root installs it)" >&2
  exit 1
fi
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/tmp"
chmod 1777 "$root/tmp"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$root/etc/passwd"
tar -C "$root" -c . | docker import --change 'ENV PATH=/bin' - "$ref" >/dev/null
echo "busybox-image: built $ref" >&2
