-- A plan per day is versioned (R-REP-3): a re-plan of the same plan_date supersedes the plan
-- before it, which is kept for the audit with the id of the plan that replaced it. A decision
-- carried over to the new plan (its line unchanged) keeps who made it, when and why, and names
-- the plan it was made on (carried_from; NULL for a decision made on the plan itself).
ALTER TABLE plans ADD COLUMN superseded_by BIGINT;
ALTER TABLE review_decisions ADD COLUMN carried_from BIGINT;
