declare module 'saxon-js' {
  const SaxonJS: {
    transform(options: Record<string, unknown>, mode?: 'sync' | 'async'): any;
    XPath: { evaluate(expr: string, context?: unknown, options?: Record<string, unknown>): any };
    getResource(options: Record<string, unknown>): Promise<unknown>;
    [key: string]: any;
  };
  export default SaxonJS;
}
