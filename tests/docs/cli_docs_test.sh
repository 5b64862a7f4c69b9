#!/usr/bin/env bash
# The shell completions and man pages the build wrote (BUILD_DIR/share) against what the
# programs' --help lists: every option in each completion and in the man page, the `sse`
# subcommand, provider names after --provider and catalog models after --model. bash's
# completion is run for real; zsh's and fish's are read (and run too where those shells are
# installed). Usage: cli_docs_test.sh BUILD_DIR
set -euo pipefail
build=$1
share=$build/share
bash_file=$share/bash-completion/completions/tinychat
zsh_file=$share/zsh/site-functions/_tinychat
fish_file=$share/fish/vendor_completions.d/tinychat.fish
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# The option names in a --help text: on each line that starts with spaces and a dash, the
# words before the description, without value names (CLI11: "-p,--provider TEXT", Qt:
# "-p, --provider <PROVIDER>").
options_in_help() {
  sed -n 's/^  *\(-[^ ].*\)$/\1/p' | sed 's/   .*//; s/ <[^>]*>//g; s/ [A-Z][A-Z:]*\b.*//' |
    tr ', ' '\n' | grep '^-' | sort -u
}

# What bash's completion offers for the words given (the last one being completed).
bash_offers() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tinychat
           printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_file" tinychat "$@" 2>/dev/null
}

# The man page's roff with its escapes undone, enough to find "\fB--provider\fR".
man_text() { zcat "$1" | sed 's/\\-/-/g'; }

check_man_page() {
  local page=$1 option text
  shift
  [ -s "$page" ] || { fail "$page is missing"; return; }
  text=$(man_text "$page")
  for option in "$@"; do
    grep -qF "\\fB$option\\fR" <<<"$text" || fail "$option is not in $page"
  done
  if command -v groff >/dev/null; then
    local warnings
    warnings=$(zcat "$page" | groff -man -ww -z 2>&1)
    [ -z "$warnings" ] || fail "groff warns about $page: $warnings"
  fi
}

# --- tinychat ------------------------------------------------------------------------------
mapfile -t main_options < <("$build/tinychat" --help | options_in_help)
mapfile -t sse_options < <("$build/tinychat" sse --help | options_in_help)
[ ${#main_options[@]} -ge 10 ] || fail "found only ${#main_options[@]} options in tinychat --help"
# The providers, as --help names them: "Provider (openai, anthropic, ...) or ...".
mapfile -t providers < <("$build/tinychat" --help | sed -n 's/.*Provider (\([^)]*\)).*/\1/p' |
  tr -d ' ' | tr ',' '\n')
[ ${#providers[@]} -ge 6 ] || fail "found only ${#providers[@]} providers in tinychat --help"

offered=$(bash_offers -)
for option in "${main_options[@]}"; do
  grep -qxF -- "$option" <<<"$offered" || fail "bash does not offer $option"
  grep -qE -- "(^|[{,'( ])$option([,=+}[ ]|'|$)" "$zsh_file" || fail "$option is not in _tinychat"
  if [[ $option == --* ]]; then
    grep -qE -- " -l ${option#--}( |$)" "$fish_file" || fail "$option is not in tinychat.fish"
  else
    grep -qE -- " -s ${option#-}( |$)" "$fish_file" || fail "$option is not in tinychat.fish"
  fi
done
offered=$(bash_offers sse -)
for option in "${sse_options[@]}"; do
  grep -qxF -- "$option" <<<"$offered" || fail "bash does not offer $option after sse"
done
for subcommand in models sse; do
  grep -qxF "$subcommand" <<<"$(bash_offers '')" ||
    fail "bash does not offer the $subcommand subcommand"
  grep -qE "'1: :\([a-z ]*\b$subcommand\b[a-z ]*\)'" "$zsh_file" ||
    fail "_tinychat does not offer the $subcommand subcommand"
  grep -qE -- "-a $subcommand( |$)" "$fish_file" ||
    fail "tinychat.fish does not offer the $subcommand subcommand"
done

[ "$(bash_offers --provider '')" = "$(printf '%s\n' "${providers[@]}")" ] ||
  fail "bash offers '$(bash_offers --provider '' | tr '\n' ' ')' for --provider"
for provider in "${providers[@]}"; do
  grep -q "provider:(.*\b$provider\b" "$zsh_file" || fail "_tinychat does not offer $provider"
  grep -q -- "-l provider .*\b$provider\b" "$fish_file" || fail "tinychat.fish lacks $provider"
done
# Models from the catalog, also after "--model=" (which bash splits at the '=').
grep -qxF gpt-4o <<<"$(bash_offers -m gpt-4)" || fail "bash does not offer gpt-4o for -m gpt-4"
grep -qxF claude-sonnet-4-5 <<<"$(bash_offers --model = claude-s)" ||
  fail "bash does not offer claude-sonnet-4-5 for --model=claude-s"
! grep -qv '^gpt-4' <<<"$(bash_offers -m gpt-4)" || fail "bash offers models that do not match"
# A file for `tinychat sse`, nothing for a prompt word.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
touch "$scratch/stream.sse"
grep -qxF "$scratch/stream.sse" <<<"$(bash_offers sse "$scratch/str")" ||
  fail "bash does not offer a file after sse"
[ -z "$(bash_offers hello '')" ] || fail "bash offers words for a prompt"

if command -v zsh >/dev/null; then
  zsh -n "$zsh_file" || fail "zsh cannot parse _tinychat"
fi
if command -v fish >/dev/null; then
  fish -n "$fish_file" || fail "fish cannot parse tinychat.fish"
  fish_offers() {
    fish --no-config -c "source '$fish_file'; complete -C'$1'" | cut -f1
  }
  grep -qxF -- --provider <<<"$(fish_offers 'tinychat --pro')" || fail "fish does not offer --provider"
  grep -qxF anthropic <<<"$(fish_offers 'tinychat -p ')" || fail "fish does not offer anthropic"
  grep -qxF sse <<<"$(fish_offers 'tinychat ')" || fail "fish does not offer sse"
fi

check_man_page "$share/man/man1/tinychat.1.gz" "${main_options[@]}" "${sse_options[@]}"
grep -q '^\.B tinychat sse' <<<"$(man_text "$share/man/man1/tinychat.1.gz")" ||
  fail "tinychat.1 does not show tinychat sse"

# --- tinychat-gui (built with the window only) ----------------------------------------------
gui_options=()
if [ -x "$build/tinychat-gui" ]; then
  mapfile -t gui_options < <("$build/tinychat-gui" --help | options_in_help)
  [ ${#gui_options[@]} -ge 5 ] || fail "found only ${#gui_options[@]} options in tinychat-gui --help"
  check_man_page "$share/man/man1/tinychat-gui.1.gz" "${gui_options[@]}"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures failures" >&2
  exit 1
fi
echo "completions and man pages: ${#main_options[@]} + ${#sse_options[@]} options of tinychat" \
  "and ${#gui_options[@]} of tinychat-gui, ${#providers[@]} providers, all there"
