"""One lint run: read and judge each file (its documents one at a time), suppress, place every
finding, run the cross-file rules at the end, over a pool of workers for large inputs."""
