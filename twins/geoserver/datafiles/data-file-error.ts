/** A data file the twin cannot read, with the message GeoServer's libraries give for it. */
export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFileError';
  }
}
