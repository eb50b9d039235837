import type { ReportReader } from '../../app/ports.ts';
import type { Db } from './database.ts';
import {
  activitySpans, cursorActivity, dailyByModel, dailyByPerson, dataUpTo, eventFilterValues, peakActivity, personOrganizations, modelTotals, personToolTotals, reportContext, sessionsByPerson, sessionStats,
} from './report-store.ts';

export function postgresReportReader(db: Db): ReportReader {
  return {
    context: (orgId) => reportContext(db, orgId),
    personToolTotals: (slice) => personToolTotals(db, slice),
    modelTotals: (slice) => modelTotals(db, slice),
    dailyByPerson: (slice) => dailyByPerson(db, slice),
    dailyByModel: (slice) => dailyByModel(db, slice),
    peakActivity: (slice) => peakActivity(db, slice),
    sessionStats: (slice) => sessionStats(db, slice),
    sessionsByPerson: (slice) => sessionsByPerson(db, slice),
    activitySpans: (orgId, tool) => activitySpans(db, orgId, tool),
    dataUpTo: (orgId) => dataUpTo(db, orgId),
    eventFilterValues: (orgId) => eventFilterValues(db, orgId),
    personOrganizations: (orgId) => personOrganizations(db, orgId),
    cursorActivity: (slice) => cursorActivity(db, slice),
  };
}
