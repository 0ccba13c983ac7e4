/**
 * Opaque list cursors. A position inside a list (the last item a page showed) goes to the client sealed —
 * encrypted and authenticated under a deployment-managed key and bound to the list it belongs to — so a
 * client can neither read it nor forge or move it into another list (another client's cases, another
 * holder's licences).
 */
export interface PageCursors {
  /** The cursor a client gets for `position` in the list named by `scope`. */
  seal(scope: string, position: string): Promise<string>;
  /** The position sealed for this very `scope`; undefined for a cursor forged, altered or of another list. */
  open(scope: string, cursor: string): Promise<string | undefined>;
}
