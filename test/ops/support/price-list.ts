/** Price List API (GetProducts) entries shaped like the real ones: a JSON document per product, as a string. */
export function priceListEntry(
  instanceType: string,
  usdPerHour: string,
  region = 'us-east-1',
  sku = 'SKU',
): string {
  const offer = `${sku}.JRTCKXETXF`;
  return JSON.stringify({
    product: {
      productFamily: 'Compute Instance',
      attributes: {
        instanceType,
        regionCode: region,
        operatingSystem: 'Linux',
        tenancy: 'Shared',
        preInstalledSw: 'NA',
        capacitystatus: 'Used',
        usagetype: `BoxUsage:${instanceType}`,
        vcpu: '4',
        memory: '16 GiB',
        servicecode: 'AmazonEC2',
      },
      sku,
    },
    serviceCode: 'AmazonEC2',
    terms: {
      OnDemand: {
        [offer]: {
          priceDimensions: {
            [`${offer}.6YS6EN2CT7`]: {
              unit: 'Hrs',
              endRange: 'Inf',
              description: `$${usdPerHour} per On Demand Linux ${instanceType} Instance Hour`,
              appliesTo: [],
              rateCode: `${offer}.6YS6EN2CT7`,
              beginRange: '0',
              pricePerUnit: { USD: usdPerHour },
            },
          },
          sku,
          effectiveDate: '2025-01-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
    },
    version: '20250101000000',
    publicationDate: '2025-01-01T00:00:00Z',
  });
}
