/** A bad control request or seed: the status it answers with and one line naming what is wrong. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
