/** Saving customers, contacts, vendors, support contracts and maintenance windows. */
import { LifelineError } from '../../../../shared/api/result';
import type {
  Contact,
  ContactInput,
  ContractInput,
  CustomerInput,
  CustomerTermsSchema,
  MaintenanceWindow,
  MaintenanceWindowInput,
  SupportContract,
  VendorInput,
  VendorSummary,
} from '../../../../shared/catalog/schemas';
import { termsTemplateIssue, UPDATE_KIND_LABELS } from '../../../../shared/incidents/templates';
import type { Edit } from '../../db/changeLog';
import type { Db } from '../../db/database';
import {
  blankToNull,
  type Changes,
  checkDate,
  checkVersion,
  createRecord,
  type LoggedEntity,
  liveRow,
  type Row,
  requireReference,
  target,
  updateRecord,
} from './store';

/** The live row an update is based on (version checked), or undefined when creating. */
export function basedOn(
  edit: Edit,
  entity: LoggedEntity,
  input: { id: string | null; baseVersion: number | null },
): Row | undefined {
  const t = target(input);
  if (t.mode === 'create') return undefined;
  const row = liveRow(edit.db, entity, t.id);
  checkVersion(edit.db, entity, row, t.baseVersion);
  return row;
}

/** Creates or updates; returns the record's id. */
export function write(
  edit: Edit,
  entity: LoggedEntity,
  current: Row | undefined,
  values: Row,
  extra?: Changes,
): string {
  if (!current) return createRecord(edit, entity, values);
  updateRecord(edit, entity, current, values, extra);
  return String(current.id);
}

const PICK_CUSTOMER = 'Pick an existing customer.';

export function saveCustomer(edit: Edit, input: CustomerInput): string {
  const current = basedOn(edit, 'customer', input);
  checkDate('reviewedAt', input.reviewedAt);
  const clash = edit.db
    .prepare('SELECT name FROM customers WHERE code = ? AND deleted_at IS NULL AND id <> ?')
    .get(input.code, current?.id ?? '') as { name: string } | undefined;
  if (clash) {
    throw new LifelineError(
      'VALIDATION',
      `code: ${input.code} is already the code of ${clash.name}. Pick another code.`,
    );
  }
  const t = input.restoreTargets;
  const values: Row = {
    code: input.code,
    name: input.name,
    tier: input.tier,
    time_zone: input.timeZone,
    restore_targets: JSON.stringify({ sev1: t.sev1, sev2: t.sev2, sev3: t.sev3, sev4: t.sev4 }),
    support_hours: blankToNull(input.supportHours),
    notes: blankToNull(input.notes),
    tags: JSON.stringify(input.tags),
    reviewed_at: input.reviewedAt,
    review_interval_days: input.reviewIntervalDays,
  };
  if (input.communicationTerms !== undefined)
    values.communication_terms = termsColumn(edit.db, current, input.communicationTerms);
  // Internal accounts are made by the platform set-up, never from this form.
  return write(edit, 'customer', current, current ? values : { ...values, kind: 'customer' });
}

/**
 * The communication terms as stored: templates checked for their placeholders (the refusal
 * names the template, the part and the line and column), recipients among the customer's
 * own live contacts.
 */
function termsColumn(db: Db, current: Row | undefined, terms: CustomerTermsSchema | null): string | null {
  if (terms === null) return null;
  const bad = termsTemplateIssue(terms.templates);
  if (bad) {
    throw new LifelineError(
      'VALIDATION',
      `communicationTerms.templates.${bad.kind}.${bad.part}: the "${UPDATE_KIND_LABELS[bad.kind]}" template's ${bad.part}, line ${bad.issue.line}, column ${bad.issue.column}: ${bad.issue.message}. Fix it and save again; nothing was saved.`,
    );
  }
  for (const id of terms.recipients) {
    const contact = db
      .prepare('SELECT customer_id FROM contacts WHERE id = ? AND deleted_at IS NULL')
      .get(id) as { customer_id: string } | undefined;
    if (!contact || current === undefined || contact.customer_id !== current.id) {
      throw new LifelineError(
        'VALIDATION',
        `communicationTerms.recipients: ${id} is not one of this customer's contacts. Pick the recipients from the customer's contacts (add the contact first); nothing was saved.`,
      );
    }
  }
  return JSON.stringify({
    recipients: [...new Set(terms.recipients)],
    cadenceMinutes: terms.cadenceMinutes,
    templates: terms.templates,
  });
}

export function saveContact(edit: Edit, input: ContactInput): string {
  const current = basedOn(edit, 'contact', input);
  requireReference(edit.db, 'customer', input.customerId, 'customerId', PICK_CUSTOMER);
  return write(edit, 'contact', current, {
    customer_id: input.customerId,
    name: input.name,
    role: input.role,
    phone: blankToNull(input.phone),
    email: blankToNull(input.email),
    escalation_order: input.escalationOrder,
    notes: blankToNull(input.notes),
  });
}

export function saveVendor(edit: Edit, input: VendorInput): string {
  const current = basedOn(edit, 'vendor', input);
  // Two live vendors with one name would split blast radius and contracts between them.
  const clash = edit.db
    .prepare('SELECT name FROM vendors WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL AND id <> ?')
    .get(input.name, current?.id ?? '') as { name: string } | undefined;
  if (clash) {
    throw new LifelineError(
      'VALIDATION',
      `name: there is already a vendor called ${clash.name}. Edit that one, or give this one another name.`,
    );
  }
  return write(edit, 'vendor', current, {
    name: input.name,
    support_phone: blankToNull(input.supportPhone),
    support_email: blankToNull(input.supportEmail),
    website: input.website,
  });
}

export function saveContract(edit: Edit, input: ContractInput): string {
  const current = basedOn(edit, 'contract', input);
  requireReference(edit.db, 'customer', input.customerId, 'customerId', PICK_CUSTOMER);
  requireReference(edit.db, 'vendor', input.vendorId, 'vendorId', 'Pick a vendor from the list, or add it.');
  checkDate('expiresOn', input.expiresOn);
  return write(edit, 'contract', current, {
    customer_id: input.customerId,
    vendor_id: input.vendorId,
    contract_number: blankToNull(input.contractNumber),
    support_phone: blankToNull(input.supportPhone),
    hours: blankToNull(input.hours),
    expires_on: input.expiresOn,
  });
}

export function saveWindow(edit: Edit, input: MaintenanceWindowInput): string {
  const current = basedOn(edit, 'maintenance_window', input);
  requireReference(edit.db, 'customer', input.customerId, 'customerId', PICK_CUSTOMER);
  return write(edit, 'maintenance_window', current, {
    customer_id: input.customerId,
    name: input.name,
    weekday: input.weekday,
    start_time: input.startTime,
    duration_minutes: input.durationMinutes,
  });
}

// ---- What each save returns: the record as the UI shows it.

function loaded<T>(row: T | undefined, what: string, id: string): T {
  if (!row) throw new LifelineError('NOT_FOUND', `No ${what} with id ${id}; reload the list.`);
  return row;
}

export function loadContact(db: Db, id: string): Contact {
  return loaded(
    db
      .prepare(
        `SELECT id, name, role, phone, email, escalation_order AS escalationOrder, notes, version
           FROM contacts WHERE id = ? AND deleted_at IS NULL`,
      )
      .get(id) as Contact | undefined,
    'contact',
    id,
  );
}

export function loadContract(db: Db, id: string): SupportContract {
  return loaded(
    db
      .prepare(
        `SELECT sc.id, sc.vendor_id AS vendorId, v.name AS vendorName,
                coalesce(sc.support_phone, v.support_phone) AS supportPhone,
                sc.contract_number AS contractNumber, sc.hours, sc.expires_on AS expiresOn, sc.version
           FROM support_contracts sc JOIN vendors v ON v.id = sc.vendor_id
          WHERE sc.id = ? AND sc.deleted_at IS NULL`,
      )
      .get(id) as SupportContract | undefined,
    'support contract',
    id,
  );
}

export function loadWindow(db: Db, id: string): MaintenanceWindow {
  return loaded(
    db
      .prepare(
        `SELECT id, name, weekday, start_time AS startTime, duration_minutes AS durationMinutes, version
           FROM maintenance_windows WHERE id = ? AND deleted_at IS NULL`,
      )
      .get(id) as MaintenanceWindow | undefined,
    'maintenance window',
    id,
  );
}

/**
 * A vendor with how many customers and assets rely on it, counted as vendor:list counts
 * (catalog/vendors.ts): live customers only, not the MSP's own platform account.
 */
export function loadVendor(db: Db, id: string): VendorSummary {
  return loaded(
    db
      .prepare(
        `SELECT v.id, v.name, v.support_phone AS supportPhone, v.support_email AS supportEmail,
                v.website, v.version,
                (SELECT count(*) FROM assets a WHERE a.vendor_id = v.id AND a.deleted_at IS NULL) AS assets,
                (SELECT count(*) FROM (
                    SELECT a.customer_id AS cid FROM assets a WHERE a.vendor_id = v.id AND a.deleted_at IS NULL
                    UNION
                    SELECT sc.customer_id FROM support_contracts sc
                     WHERE sc.vendor_id = v.id AND sc.deleted_at IS NULL) u
                   JOIN customers c ON c.id = u.cid AND c.deleted_at IS NULL AND c.kind = 'customer') AS customers
           FROM vendors v WHERE v.id = ? AND v.deleted_at IS NULL`,
      )
      .get(id) as VendorSummary | undefined,
    'vendor',
    id,
  );
}
