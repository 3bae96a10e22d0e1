-- Long text edited a little at a time: the old value is stored as the edit that turns the new value
-- back into it ([common start length, common end length, old middle]); see
-- server/domain/responses/change-encoding.ts. Rows written before keep old_value whole.
ALTER TABLE response_changes ADD COLUMN old_is_edit boolean NOT NULL DEFAULT false;
