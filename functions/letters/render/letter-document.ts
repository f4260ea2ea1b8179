/** What the renderer draws: a letter already composed and frozen at generation. */
export interface LetterDocument {
  readonly correspondenceId: string;
  /** YYYY-MM-DD */
  readonly issueDate: string;
  /** Issuing office, small print at the top right. */
  readonly returnAddress: readonly string[];
  /** 1 to 7 lines (3 to 7 for a postal address), placed for a DL/C5 windowed envelope. */
  readonly addressBlock: readonly string[];
  /** Header block, e.g. "Our reference (SCIN)", "Correspondence id", "Date". */
  readonly references: readonly { readonly label: string; readonly value: string }[];
  /** Bold heading, e.g. "Important documents enclosed". */
  readonly title?: string | undefined;
  readonly salutation: string;
  /** Body, wrapped to the page width and flowed over as many pages as needed; '\n' is a line break. */
  readonly paragraphs: readonly { readonly heading?: string | undefined; readonly text: string }[];
  readonly valediction: string;
  /** External print letters carry a system dummy signature (drawn as an italic name line). */
  readonly signatory?: { readonly name: string; readonly role: string; readonly dummySignature: boolean } | undefined;
  /** The "Enclosures" list at the end; none when empty. */
  readonly enclosures: readonly string[];
  /** Large-print variant: 16 pt body, same content. */
  readonly largePrint: boolean;
  /** The identifying code payload (encodeIdentifyingCode): drawn as a DataMatrix on every page and kept in the document info. */
  readonly identifyingCode: string;
}
