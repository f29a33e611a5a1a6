-- 004_cell_provenance (issue #14, owned by the cell reader): how each value was read.
-- reading: JSON per field for values that were more than a plain number — the cell, the text as
--          typed, the number format (0.0% → ×100), words (增长/下降/持平), a unit written in the
--          cell or stated for its column, 万/亿 written after the number, and the factor to the
--          catalog unit. NULL when every value of the row was a plain number in the row's unit
--          (then cells, unit_reported and unit_factor say everything).
-- guard:   the plausibility guard's verdict for the row: 'passed', or the guard warnings kept
--          with it (comma-separated codes, e.g. 'guard_ytd_jump'); NULL when the guard was off.
ALTER TABLE observations ADD COLUMN reading JSON;
ALTER TABLE observations ADD COLUMN guard VARCHAR;
