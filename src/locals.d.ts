// Per-page render flags shared by a page and the components it renders (Astro.locals).
declare namespace App {
  interface Locals {
    /** Set by /print/: every lesson on one page, widgets inert. */
    printOnly?: boolean;
    /** Counts widget frames on a printOnly page, to keep their ids unique. */
    widgetSerial?: number;
  }
}
