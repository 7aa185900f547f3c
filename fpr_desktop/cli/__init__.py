"""The `fpr` command line: a common part and one file per command group."""
