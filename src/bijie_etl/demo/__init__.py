"""The demo year: department spreadsheets (``generate``, laid out by ``shapes``) and the
``make demo`` walk-through that runs the nightly flow on them (``walkthrough``)."""
