-- 008_explanation_year: a 情况说明 answers one year's target (targets are per year since 006_years).
--
-- target_explanations gains `year`, the catalog year of the target the explanation answers.
-- Rows written before this migration keep everything they had; their year is the year of the
-- assessment they answered (same target, same status, on or before their as_of date; the latest
-- such assessment), else the year of their as_of date. The desk writes the year from now on.

ALTER TABLE target_explanations ADD COLUMN year INTEGER;

UPDATE target_explanations AS t
SET year = coalesce(
    (SELECT a.year FROM assessments AS a
     WHERE a.code = t.target_code AND a.status = t.status AND a.as_of <= t.as_of
     ORDER BY a.as_of DESC, a.year DESC LIMIT 1),
    year(t.as_of)::INTEGER,
    year(t.created_at)::INTEGER
);

COMMENT ON COLUMN target_explanations.year IS 'catalog year of the target explained (008)';
