#!/usr/bin/env bash
# Installs attn-tutor under a prefix, or removes it again (make install / make uninstall):
#   bin/attn-tutor                                    the program
#   share/attn-tutor/Lessons/                         the lessons (the program finds them from its own location)
#   share/man/man1/attn-tutor.1                       the man page, made from the command-line help
#   share/bash-completion/completions/attn-tutor     shell completions, made by the program itself
#   share/zsh/site-functions/_attn-tutor
#   share/fish/vendor_completions.d/attn-tutor.fish
#
#   scripts/install.sh PREFIX BINARY      install (PREFIX may include a DESTDIR staging root)
#   scripts/install.sh --uninstall PREFIX remove exactly those files
set -euo pipefail
cd "$(dirname "$0")/.."

files=(bin/attn-tutor share/man/man1/attn-tutor.1 share/bash-completion/completions/attn-tutor
       share/zsh/site-functions/_attn-tutor share/fish/vendor_completions.d/attn-tutor.fish)

if [ "${1:-}" = --uninstall ]; then
  prefix=${2:?usage: scripts/install.sh --uninstall PREFIX}
  for f in "${files[@]}"; do rm -f "$prefix/$f"; done
  rm -rf "$prefix/share/attn-tutor"
  echo "removed attn-tutor from $prefix"
  exit 0
fi

prefix=${1:?usage: scripts/install.sh PREFIX BINARY}
binary=${2:?usage: scripts/install.sh PREFIX BINARY}
[ -x "$binary" ] || { echo "install: $binary is not a built program (make build first)" >&2; exit 1; }

install -d "$prefix/bin" "$prefix/share/attn-tutor" "$prefix/share/man/man1" \
  "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 755 "$binary" "$prefix/bin/attn-tutor"
# A fresh copy (folders of lessons included): lessons removed from the repository do not linger.
rm -rf "$prefix/share/attn-tutor/Lessons"
cp -R Lessons "$prefix/share/attn-tutor/Lessons"
chmod -R u=rwX,go=rX "$prefix/share/attn-tutor/Lessons"
python3 scripts/manpage.py "$binary" > "$prefix/share/man/man1/attn-tutor.1"
"$binary" --generate-completion-script bash > "$prefix/share/bash-completion/completions/attn-tutor"
"$binary" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_attn-tutor"
"$binary" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/attn-tutor.fish"
echo "installed attn-tutor in $prefix (lessons in $prefix/share/attn-tutor/Lessons)"
