"""Validation: rows read from department files become observations and failures (``rules``);
``ownership`` keeps each department to its own indicators."""
