// zaedno: parse the command line, run the chosen sub-command, return its exit code.
#include "bot/app/cli.hpp"

int main(int argc, char** argv) {
    return zaedno::app::run_cli(argc, argv);
}
