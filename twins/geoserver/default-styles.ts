// The five styles every GeoServer catalog starts with (CatalogImpl refuses to delete them).
// Bodies are plain SLD 1.0 written for the twin, close in spirit to GeoServer's defaults.
const sld = (name: string, title: string, symbolizer: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc"
  xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>${name}</Name>
    <UserStyle>
      <Name>${name}</Name>
      <Title>${title}</Title>
      <FeatureTypeStyle>
        <Rule>
${symbolizer}
        </Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
`;

const point = `          <PointSymbolizer>
            <Graphic>
              <Mark><WellKnownName>square</WellKnownName><Fill><CssParameter name="fill">#FF0000</CssParameter></Fill></Mark>
              <Size>6</Size>
            </Graphic>
          </PointSymbolizer>`;
const line = `          <LineSymbolizer>
            <Stroke><CssParameter name="stroke">#0000FF</CssParameter></Stroke>
          </LineSymbolizer>`;
const polygon = `          <PolygonSymbolizer>
            <Fill><CssParameter name="fill">#AAAAAA</CssParameter></Fill>
            <Stroke><CssParameter name="stroke">#000000</CssParameter><CssParameter name="stroke-width">1</CssParameter></Stroke>
          </PolygonSymbolizer>`;
const raster = `          <RasterSymbolizer>
            <Opacity>1.0</Opacity>
          </RasterSymbolizer>`;

export const DEFAULT_STYLE_BODIES: Record<string, string> = {
  point: sld('point', 'Red square point', point),
  line: sld('line', 'Blue line', line),
  polygon: sld('polygon', 'Grey polygon', polygon),
  raster: sld('raster', 'Raster', raster),
  generic: sld('generic', 'Generic', `${polygon}\n${line}\n${point}`),
};
