#!/usr/bin/env bash
# Writes kith-cli.1 and kith.1 from the programs' own --help, so the man pages say exactly what
# --help says and cannot drift from it. Run by the build (packaging/CMakeLists.txt).
# Usage: packaging/manpages.sh KITH_CLI KITH VERSION OUT_DIR
set -euo pipefail
cli="$1" app="$2" version="$3" out="$4"
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen  # kith is a Qt program: --help needs no display

# Help text as roff. "Heading:" lines become bold headings (or .SH with sections=1),
# "  left  right" lines (two spaces or more between) a tagged paragraph, other indented lines
# literal text (examples, usage), blank lines paragraph breaks; the rest is filled text.
to_roff() {
  awk -v sections="${1:-0}" '
    function esc(s) {
      gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s)
      if (s ~ /^[.\047]/) s = "\\&" s
      return s
    }
    function endLiteral() { if (literal) { print ".fi"; literal = 0 } }
    # A heading is printed only when something follows it (a command with no options of its own
    # has an empty "Options:").
    function flushHeading() {
      if (heading == "") return
      if (sections) print ".SH " toupper(heading); else print ".PP\n.B " heading
      heading = ""
    }
    /^$/ { endLiteral(); pending = 1; definition = 0; next }
    /^[A-Z][A-Za-z ]*:$/ {
      endLiteral(); pending = 0; definition = 0
      heading = substr($0, 1, length($0) - 1)
      next
    }
    /^Usage: / {
      endLiteral(); flushHeading(); pending = 0; definition = 0
      print ".PP\n.nf\n\\fBUsage:\\fR " esc(substr($0, 8)) "\n.fi"
      next
    }
    definition && /^        +[^ ]/ {  # a definition wrapped onto the next line (Qt does that)
      line = $0; sub(/^ +/, "", line)
      print esc(line)
      next
    }
    /^  +[^ ].*[^ ]  +[^ ]/ {
      endLiteral(); flushHeading(); pending = 0; definition = 1
      line = $0; sub(/^ +/, "", line)
      split_at = match(line, /  +/)
      print ".TP\n.B " esc(substr(line, 1, split_at - 1))
      rest = substr(line, split_at); sub(/^ +/, "", rest)
      print esc(rest)
      next
    }
    /^  / {
      flushHeading()
      if (!literal) { print ".PP\n.nf"; literal = 1 }
      pending = 0; definition = 0
      line = $0; sub(/^  /, "", line)
      print esc(line)
      next
    }
    {
      endLiteral(); definition = 0
      if (heading != "") { flushHeading(); pending = 0 }
      if (pending) { print ".PP"; pending = 0 }
      print esc($0)
    }
    END { endLiteral() }'
}

# Lines every sub-command lists (the common options): said once, in their own section.
overview="$("$cli" --help)"
commands=$(printf '%s\n' "$overview" |
  awk '/^Commands:$/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
common=""
first=1
for command in $commands; do
  options=$("$cli" "$command" --help | awk '/^  --/')
  if [ "$first" = 1 ]; then common="$options"; first=0; continue; fi
  common=$(comm -12 <(printf '%s\n' "$common" | sort) <(printf '%s\n' "$options" | sort))
done
# In the order the programs print them.
common=$("$cli" "$(printf '%s\n' $commands | head -n1)" --help |
  grep -Fx -f <(printf '%s\n' "$common"))

{
  printf '.TH KITH\\-CLI 1 "" "kith-cli %s" "User Commands"\n' "$version"
  printf '.SH NAME\nkith\\-cli \\- finds the people in a photo library, from the command line\n'
  printf '.SH SYNOPSIS\n.B kith\\-cli\n\\fICOMMAND\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]\n'
  printf '.SH DESCRIPTION\n'
  # The overview, less its first line (the name, said above) and its usage line.
  printf '%s\n' "$overview" | tail -n +2 | grep -v '^Usage: ' | to_roff 1
  printf '.SH "COMMON OPTIONS"\nEvery command accepts these.\n'
  printf '%s\n' "$common" | to_roff
  printf '.SH "THE COMMANDS"\n'
  for command in $commands; do
    printf '.SS "kith\\-cli %s"\n' "$command"
    "$cli" "$command" --help | grep -v -Fx -f <(printf '%s\n' "$common") | to_roff
  done
  cat <<'EOF'
.SH ENVIRONMENT
.TP
.B KITH_MODELS_DIR
The folder of the face models, before the others.
.TP
.B XDG_DATA_HOME
The default library is $XDG_DATA_HOME/kith/library.db (~/.local/share/kith/library.db).
.TP
.B XDG_CACHE_HOME
Thumbnails and face crops go to $XDG_CACHE_HOME/kith (~/.cache/kith); face models fetched
for the user are looked for in $XDG_CACHE_HOME/kith/models first.
.SH FILES
.TP
.I /usr/share/kith/models
The face models installed with the package (face\-api 1.7.15, MIT licence).
.SH "SEE ALSO"
.BR kith (1)
EOF
} >"$out/kith-cli.1"

{
  printf '.TH KITH 1 "" "kith %s" "User Commands"\n' "$version"
  printf '.SH NAME\nkith \\- finds the people in your photos\n'
  printf '.SH SYNOPSIS\n.B kith\n[\\fIoptions\\fR] [\\fIFOLDER\\fR...]\n'
  printf '.SH DESCRIPTION\n'
  # Qt prints "Usage: kith [options] folders", then the description, then the sections.
  "$app" --help 2>/dev/null | grep -v '^Usage: ' | to_roff 1
  cat <<'EOF'
.SH KEYS
Ctrl+1 to Ctrl+7 show People, Unnamed, Review, Person, Photo, History and Library folders;
Alt+Left goes back; Ctrl+Z undoes the latest decision. In the review queue Y says "same
person", N "different people" and S skips.
.SH FILES
.TP
.I ~/.local/share/kith/library.db
The default library (one SQLite file).
.TP
.I ~/.cache/kith
Thumbnails and face crops.
.TP
.I /usr/share/kith/models
The face models installed with the package.
.SH "SEE ALSO"
.BR kith\-cli (1),
/usr/share/doc/kith/guide.md
EOF
} >"$out/kith.1"
