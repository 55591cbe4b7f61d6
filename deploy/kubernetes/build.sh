#!/usr/bin/env bash
# Build the trainee and coach images from this checkout:
#   deploy/kubernetes/build.sh registry.example.org 0.1.0
# then push them and point values.yaml (singleuser.image) and formgrader.yaml at them.
set -euo pipefail
registry="${1:-registry.example.org}"
tag="${2:-0.1.0}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rm -rf "$here/stage"
(cd "$root" && .venv/bin/python -m deploy.envs stage "$here/stage" --exchange /srv/casework/exchange)
docker build -f "$here/trainee.Dockerfile" -t "$registry/casework-trainee:$tag" "$here"
docker build -f "$here/coach.Dockerfile" -t "$registry/casework-coach:$tag" "$here"
echo "built $registry/casework-trainee:$tag and $registry/casework-coach:$tag"
