<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0"
    xmlns="http://www.opengis.net/sld"
    xmlns:ogc="http://www.opengis.net/ogc"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>contour_simple</Name>
    <UserStyle>
      <Name>contour_simple</Name>
      <Title>Contour simple</Title>
      <Abstract>Style de superposition commun à toutes les couches surfaciques : contour gris foncé, sans remplissage.</Abstract>
      <FeatureTypeStyle>
        <Rule>
          <Name>contour</Name>
          <Title>Contour</Title>
          <PolygonSymbolizer>
            <Stroke>
              <CssParameter name="stroke">#404040</CssParameter>
              <CssParameter name="stroke-width">1</CssParameter>
            </Stroke>
          </PolygonSymbolizer>
        </Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
