"""The configuration: the project's file (found, read within limits, every problem at the line
of its key), the rules it selects, and what one run needs from it and the command line."""
