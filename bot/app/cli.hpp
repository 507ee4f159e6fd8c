// The command line: sub-commands, their options, and exit codes.
#pragma once

namespace zaedno::app {

/// Exit codes: 0 success, 1 the command failed, 2 bad usage or configuration.
int run_cli(int argc, char** argv);

}  // namespace zaedno::app
