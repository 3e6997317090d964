# Shared by ./leanml and ./test.sh: install what is missing, or say the exact command and exit 4.
# Sourced, not run.

LEANML_EXIT_ENV=4

# True when a Debian package is installed.
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# apt_install PKG...: installs the missing ones when root, otherwise prints the command and exits 4.
apt_install() {
  local missing=()
  for p in "$@"; do have_pkg "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "leanml: missing ${missing[*]}, and this is not a Debian/Ubuntu machine; install the equivalent packages and retry." >&2
    exit $LEANML_EXIT_ENV
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "leanml: missing ${missing[*]}. Install with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit $LEANML_EXIT_ENV
  fi
  echo "leanml: installing ${missing[*]} (apt)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q "${missing[@]}" >/tmp/leanml-apt.log 2>&1; then
    apt-get update -q >/tmp/leanml-apt-update.log 2>&1 || true
    apt-get install -y -q "${missing[@]}" >/tmp/leanml-apt.log 2>&1 || {
      echo "leanml: apt-get install ${missing[*]} failed; see /tmp/leanml-apt.log" >&2
      exit $LEANML_EXIT_ENV
    }
  fi
}

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "leanml: the .NET 10 SDK is missing. Install it (https://learn.microsoft.com/dotnet/core/install/linux-debian), e.g.:" >&2
    echo "  sudo apt-get install -y dotnet-sdk-10.0" >&2
    exit $LEANML_EXIT_ENV
  fi
}

# What running LeanML needs: the SDK to build, libxgboost to train, tzdata for the IANA time zones vendor exports are
# converted through (Square writes "Eastern Time (US & Canada)"; LeanML maps it to America/New_York and needs its rules).
runtime_prereqs() {
  require_dotnet
  apt_install libxgboost0 tzdata
}

# What compiling the CLI natively (ahead of time) needs: a C toolchain to link and zlib's headers. Installed when root;
# otherwise returns 1 and ./leanml builds the precompiled (ReadyToRun) CLI instead, which needs neither.
native_prereqs() {
  local missing=()
  for p in gcc zlib1g-dev; do have_pkg "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    ( apt_install "${missing[@]}" ) && return 0
  fi
  echo "leanml: ${missing[*]} missing, so the CLI is built precompiled rather than native (commands start ~0.2 s slower)." >&2
  echo "  For the native build: sudo apt-get install -y ${missing[*]}" >&2
  return 1
}
