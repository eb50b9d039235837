-- What report filters can name, so an unknown value gets "did you mean" instead of zeros: the tools, models and
-- projects an org's events carry, and the organization (the `organization.name` event attribute) each person
-- sent. Both only grow as events are rolled up (events are never changed); a full rebuild or a person's erasure
-- deletes and rebuilds them.

CREATE TABLE rollup_filter_values (
  org_id  uuid NOT NULL,
  field   text COLLATE "C" NOT NULL CHECK (field IN ('tool', 'model', 'project')),
  value   text COLLATE "C" NOT NULL,
  PRIMARY KEY (org_id, field, value)
);

CREATE TABLE rollup_person_orgs (
  org_id        uuid NOT NULL,
  person        text COLLATE "C" NOT NULL,
  organization  text COLLATE "C" NOT NULL,
  first_day     date NOT NULL,          -- in the org's time zone
  last_day      date NOT NULL,
  PRIMARY KEY (org_id, person, organization)
);

-- Fill both from what is stored already.
INSERT INTO rollup_filter_values (org_id, field, value)
SELECT DISTINCT org_id, f.field, f.value
FROM rollup_model_daily m, LATERAL (VALUES ('tool', m.tool), ('model', m.model), ('project', m.project)) AS f (field, value)
WHERE f.value <> '';

INSERT INTO rollup_person_orgs (org_id, person, organization, first_day, last_day)
SELECT e.org_id, coalesce(e.person_email, 'id:' || e.identity), e.attributes->>'organization.name',
  min((e.occurred_at AT TIME ZONE o.time_zone)::date), max((e.occurred_at AT TIME ZONE o.time_zone)::date)
FROM events e JOIN orgs o ON o.org_id = e.org_id
WHERE e.attributes ? 'organization.name' AND coalesce(e.person_email, e.identity) IS NOT NULL AND e.kind <> 'connection_test'
GROUP BY 1, 2, 3;
