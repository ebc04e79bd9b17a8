<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0"
    xmlns="http://www.opengis.net/sld"
    xmlns:ogc="http://www.opengis.net/ogc"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>comptages_trafic</Name>
    <UserStyle>
      <Name>comptages_trafic</Name>
      <Title>Stations de comptage par TMJA</Title>
      <FeatureTypeStyle>
        <Rule>
          <Name>faible</Name>
          <Title>Moins de 5 000 véhicules par jour</Title>
          <ogc:Filter>
            <ogc:PropertyIsLessThan>
              <ogc:PropertyName>tmja</ogc:PropertyName>
              <ogc:Literal>5000</ogc:Literal>
            </ogc:PropertyIsLessThan>
          </ogc:Filter>
          <PointSymbolizer>
            <Graphic>
              <Mark>
                <WellKnownName>circle</WellKnownName>
                <Fill><CssParameter name="fill">#FEE391</CssParameter></Fill>
                <Stroke><CssParameter name="stroke">#993404</CssParameter></Stroke>
              </Mark>
              <Size>6</Size>
            </Graphic>
          </PointSymbolizer>
        </Rule>
        <Rule>
          <Name>moyen</Name>
          <Title>De 5 000 à 20 000 véhicules par jour</Title>
          <ogc:Filter>
            <ogc:PropertyIsBetween>
              <ogc:PropertyName>tmja</ogc:PropertyName>
              <ogc:LowerBoundary><ogc:Literal>5000</ogc:Literal></ogc:LowerBoundary>
              <ogc:UpperBoundary><ogc:Literal>19999</ogc:Literal></ogc:UpperBoundary>
            </ogc:PropertyIsBetween>
          </ogc:Filter>
          <PointSymbolizer>
            <Graphic>
              <Mark>
                <WellKnownName>circle</WellKnownName>
                <Fill><CssParameter name="fill">#FE9929</CssParameter></Fill>
                <Stroke><CssParameter name="stroke">#993404</CssParameter></Stroke>
              </Mark>
              <Size>9</Size>
            </Graphic>
          </PointSymbolizer>
        </Rule>
        <Rule>
          <Name>fort</Name>
          <Title>20 000 véhicules par jour et plus</Title>
          <ogc:Filter>
            <ogc:PropertyIsGreaterThanOrEqualTo>
              <ogc:PropertyName>tmja</ogc:PropertyName>
              <ogc:Literal>20000</ogc:Literal>
            </ogc:PropertyIsGreaterThanOrEqualTo>
          </ogc:Filter>
          <PointSymbolizer>
            <Graphic>
              <Mark>
                <WellKnownName>circle</WellKnownName>
                <Fill><CssParameter name="fill">#CC4C02</CssParameter></Fill>
                <Stroke><CssParameter name="stroke">#662506</CssParameter></Stroke>
              </Mark>
              <Size>13</Size>
            </Graphic>
          </PointSymbolizer>
        </Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
