-- A stored chunk keeps the uploaded rows as UTF-8 bytes: text cannot hold a NUL character, and a
-- cell with one must reach the worker to fail as its row (the API's text rule), not the upload.
alter table bulk_job_chunk alter column data type bytea using convert_to(data, 'UTF8');
