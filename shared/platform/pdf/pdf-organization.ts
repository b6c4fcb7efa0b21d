/** The organisation a document is from, as its PDFs show it. */
export interface PdfOrganization {
  readonly name: string;
  /** PNG or JPEG bytes of its logo (the latest `logo` document), if it has one. */
  readonly logo?: Buffer;
}
