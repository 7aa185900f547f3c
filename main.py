"""FPR Desktop entry point: `python main.py` is the same as `fpr`."""

from fpr_desktop.cli.main import run

if __name__ == "__main__":
    run()
