"""The `python -m figures` commands, one module each, every one with `main(argv) -> exit code`."""
