/**
 * Query shown in a fresh GraphiQL tab: one unit with readings from all three subgraphs.
 *
 * The editor font (GraphiQL's bundled Fira Code) has no precomposed glyphs for
 * Vietnamese letters carrying two diacritics (ấ, ẫ, ố, ệ…): they render with
 * misplaced marks, so the Vietnamese comment below avoids them.
 */
export const DEFAULT_QUERY = `# Ví dụ: đơn vị mã "19" và các chỉ tiêu của cả ba subgraph.
# Sample query: unit "19" with readings from all three subgraphs.
# Ctrl+Enter: chạy / run. Token → Headers: {"Authorization": "Bearer …"}
{
  unit(code: "19") {
    name
    governanceReadings {
      indicatorCode
      value
      period
    }
    economyReadings {
      indicatorCode
      value
    }
    societyReadings {
      indicatorCode
      value
    }
  }
}
`;
