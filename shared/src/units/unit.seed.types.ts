export type UnitLevelName = 'PROVINCE' | 'DISTRICT' | 'COMMUNE';

export interface UnitSeed {
  /** Unique key in the graph. The official statistical code, except where the 2025 reform gave an
   * existing code to a different unit: then `<code>@2025` (statisticalCode keeps the bare code). */
  code: string;
  statisticalCode: string;
  /** Official Vietnamese name with diacritics, including the type word: `Tỉnh Sơn La`, `Thị xã La Gi`. */
  name: string;
  /** Short name without the type word: `Sơn La`, `La Gi`. */
  shortName: string;
  level: UnitLevelName;
  parentCode: string | null;
  /** ISO dates, inclusive. */
  validFrom: string;
  validTo: string | null;
  successorCode: string | null;
}
