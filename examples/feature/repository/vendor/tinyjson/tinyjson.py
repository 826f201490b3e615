# A vendored copy of a third-party module: crawlers skip vendor/ folders.
def dumps(value):
    return repr(value)
