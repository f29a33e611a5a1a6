"""Pace assessment: is each target on course, given the data so far (``rules``)."""
