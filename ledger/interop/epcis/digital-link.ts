// GS1 Digital Link normalisation of EPC URIs and Digital Link URIs, as the CBV 2.0 event hash
// reference generator does it (RalphTro/epcis-event-hash-generator, dl_normaliser.py, MIT licence,
// Copyright (c) 2019 RalphTro). Ported rule for rule, quirks included (fixed offsets into the URI,
// patterns anchored at the start only), because two implementations must hash the same bytes.
// Returns the canonical https://id.gs1.org/... form, or undefined for anything else.

interface EpcRule {
  pattern: RegExp;
  convert: (uri: string, partition: number) => string;
}

// Table 7-1 of the GS1 Digital Link standard: characters that must be percent-encoded.
function percentEncode(value: string): string {
  return value
    .replaceAll('!', '%21')
    .replaceAll('(', '%28')
    .replaceAll(')', '%29')
    .replaceAll('*', '%2A')
    .replaceAll('+', '%2B')
    .replaceAll(',', '%2C')
    .replaceAll(':', '%3A');
}

/** GS1 General Specifications 7.9.1 check digit, computed as the reference computes it. */
export function checkDigit(key: string): number {
  const reversed = [...key].reverse();
  let sum = 0;
  for (let i = reversed.length - 1; i >= 0; i--) {
    const digit = Number(reversed[i]);
    sum += i % 2 !== 0 ? digit : digit * 3;
  }
  return Math.ceil(sum / 10) * 10 - sum;
}

// Python's re.match anchors every alternative at the start of the string.
function pyMatch(source: string): RegExp {
  return new RegExp(`^(?:${source})`);
}

// EPC URIs, EPC class URIs and EPC ID pattern URIs, in the reference's order.
const EPC_RULES: EpcRule[] = [
  {
    pattern: pyMatch(String.raw`^urn:epc:id:sgtin:((\d{6}\.\d{7})|(\d{7}\.\d{6})|(\d{8}\.\d{5})|(\d{9}\.\d{4})|(\d{10}\.\d{3})|(\d{11}\.\d{2})|(\d{12}\.\d{1}))\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,20}$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(17, partition);
      const itemref = uri.slice(partition + 1, partition + 1 + (13 - companyPrefix.length));
      const rawGtin = itemref.slice(0, 1) + companyPrefix + itemref.slice(1);
      const serial = uri.slice(32);
      return 'https://id.gs1.org/01/' + rawGtin + String(checkDigit(rawGtin)) + '/21/' + percentEncode(serial);
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:sscc:((\d{6}\.\d{11}$)|(\d{7}\.\d{10}$)|(\d{8}\.\d{9}$)|(\d{9}\.\d{8}$)|(\d{10}\.\d{7}$)|(\d{11}\.\d{6}$)|(\d{12}\.\d{5}$))`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const serialref = uri.slice(partition + 2);
      const rawSSCC = uri.slice(partition + 1, partition + 2) + companyPrefix + serialref;
      return 'https://id.gs1.org/00/' + rawSSCC + String(checkDigit(rawSSCC));
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:sgln:((\d{6}\.\d{6})|(\d{7}\.\d{5})|(\d{8}\.\d{4})|(\d{9}\.\d{3})|(\d{10}\.\d{2})|(\d{11}\.\d{1})|(\d{12}\.))\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,20}$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const locationref = uri.slice(partition + 1, partition + 1 + (12 - companyPrefix.length));
      const rawGLN = companyPrefix + locationref;
      const extension = uri.slice(30);
      if (extension === '0') return 'https://id.gs1.org/414/' + rawGLN + String(checkDigit(rawGLN));
      return 'https://id.gs1.org/414/' + rawGLN + String(checkDigit(rawGLN)) + '/254/' + percentEncode(extension);
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:grai:(([\d]{6}\.[\d]{6})|([\d]{7}\.[\d]{5})|([\d]{8}\.[\d]{4})|([\d]{9}\.[\d]{3})|([\d]{10}\.[\d]{2})|([\d]{11}\.[\d]{1})|([\d]{12}\.\.))\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,16}$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const assetref = uri.slice(partition + 1, partition + 1 + (12 - companyPrefix.length));
      const rawGrai = '0' + companyPrefix + assetref;
      const serial = uri.slice(30);
      return 'https://id.gs1.org/8003/' + rawGrai + String(checkDigit(rawGrai)) + percentEncode(serial);
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:giai:(([\d]{6}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,24})|([\d]{7}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,23})|([\d]{8}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,22})|([\d]{9}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,21})|([\d]{10}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,20})|([\d]{11}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,19})|([\d]{12}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,18}))$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const assetref = uri.slice(partition + 1);
      return 'https://id.gs1.org/8004/' + companyPrefix + percentEncode(assetref);
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:gsrn:(([\d]{6}\.[\d]{11}$)|([\d]{7}\.[\d]{10}$)|([\d]{8}\.[\d]{9}$)|([\d]{9}\.[\d]{8}$)|([\d]{10}\.[\d]{7}$)|([\d]{11}\.[\d]{6}$)|([\d]{12}\.[\d]{5}$))`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const serviceref = uri.slice(partition + 1);
      const rawGSRN = companyPrefix + serviceref;
      return 'https://id.gs1.org/8018/' + rawGSRN + String(checkDigit(rawGSRN));
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:gsrnp:(([\d]{6}\.[\d]{11}$)|([\d]{7}\.[\d]{10}$)|([\d]{8}\.[\d]{9}$)|([\d]{9}\.[\d]{8}$)|([\d]{10}\.[\d]{7}$)|([\d]{11}\.[\d]{6}$)|([\d]{12}\.[\d]{5}$))`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(17, partition);
      const serviceref = uri.slice(partition + 1);
      const rawGSRNP = companyPrefix + serviceref;
      return 'https://id.gs1.org/8017/' + rawGSRNP + String(checkDigit(rawGSRNP));
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:gdti:(([\d]{6}\.[\d]{6})|([\d]{7}\.[\d]{5})|([\d]{8}\.[\d]{4})|([\d]{9}\.[\d]{3})|([\d]{10}\.[\d]{2})|([\d]{11}\.[\d]{1})|([\d]{12}\.\.))(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,20}$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const documenttype = uri.slice(partition + 1, partition + 1 + (12 - companyPrefix.length));
      const rawGdti = companyPrefix + documenttype;
      const serial = uri.slice(30);
      return 'https://id.gs1.org/253/' + rawGdti + String(checkDigit(rawGdti)) + percentEncode(serial);
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:cpi:((\d{6}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,24})|(\d{7}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,23})|(\d{8}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,22})|(\d{9}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,21})|(\d{10}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,20})|(\d{11}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,19})|(\d{12}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,18}))\.[\d]{1,12}$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(15, partition);
      const separator = uri.lastIndexOf('.');
      const cpref = uri.slice(partition + 1, separator);
      const rawCpi = companyPrefix + cpref;
      const serial = uri.slice(separator + 1);
      return 'https://id.gs1.org/8010/' + percentEncode(rawCpi) + '/8011/' + serial;
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:sgcn:(([\d]{6}\.[\d]{6})|([\d]{7}\.[\d]{5})|([\d]{8}\.[\d]{4})|([\d]{9}\.[\d]{3})|([\d]{10}\.[\d]{2})|([\d]{11}\.[\d]{1})|([\d]{12}\.))\.[\d]{1,12}$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const couponref = uri.slice(partition + 1, partition + 1 + (12 - companyPrefix.length));
      const rawSgcn = companyPrefix + couponref;
      const serial = uri.slice(30);
      return 'https://id.gs1.org/255/' + rawSgcn + String(checkDigit(rawSgcn)) + serial;
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:ginc:([\d]{6}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,24}|[\d]{7}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,23}|[\d]{8}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,22}|[\d]{9}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,21}|[\d]{10}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,20}|[\d]{11}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,19}|[\d]{12}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,18})$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const consignmentref = uri.slice(partition + 1);
      return 'https://id.gs1.org/401/' + companyPrefix + percentEncode(consignmentref);
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:gsin:(([\d]{6}\.[\d]{10}$)|([\d]{7}\.[\d]{9}$)|([\d]{8}\.[\d]{8}$)|([\d]{9}\.[\d]{7}$)|([\d]{10}\.[\d]{6}$)|([\d]{11}\.[\d]{5}$)|([\d]{12}\.[\d]{4}$))`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const shipperref = uri.slice(partition + 1);
      const rawGSIN = companyPrefix + shipperref;
      return 'https://id.gs1.org/402/' + rawGSIN + String(checkDigit(rawGSIN));
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:itip:(([\d]{6}\.[\d]{7})|([\d]{7}\.[\d]{6})|([\d]{8}\.[\d]{5})|([\d]{9}\.[\d]{4})|([\d]{10}\.[\d]{3})|([\d]{11}\.[\d]{2})|([\d]{12}\.[\d]{1}))\.[\d]{2}\.[\d]{2}\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,20}$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const itemref = uri.slice(partition + 1, partition + 1 + (13 - companyPrefix.length));
      const rawGtin = itemref.slice(0, 1) + companyPrefix + itemref.slice(1);
      const piece = uri.slice(31, 33);
      const total = uri.slice(34, 36);
      const serial = uri.slice(37);
      return 'https://id.gs1.org/8006/' + rawGtin + String(checkDigit(rawGtin)) + piece + total +  '/21/' + percentEncode(serial);
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:upui:((\d{6}\.\d{7})|(\d{7}\.\d{6})|(\d{8}\.\d{5})|(\d{9}\.\d{4})|(\d{10}\.\d{3})|(\d{11}\.\d{2})|(\d{12}\.\d{1}))\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,28}$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const itemref = uri.slice(partition + 1, partition + 1 + (13 - companyPrefix.length));
      const rawGtin = itemref.slice(0, 1) + companyPrefix + itemref.slice(1);
      const serial = uri.slice(31);
      return 'https://id.gs1.org/01/' + rawGtin + String(checkDigit(rawGtin)) + '/235/' + percentEncode(serial);
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:id:pgln:(([\d]{6}\.[\d]{6})|([\d]{7}\.[\d]{5})|([\d]{8}\.[\d]{4})|([\d]{9}\.[\d]{3})|([\d]{10}\.[\d]{2})|([\d]{11}\.[\d]{1})|([\d]{12}\.))$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(16, partition);
      const partyref = uri.slice(partition + 1, partition + 1 + (12 - companyPrefix.length));
      const rawGLN = companyPrefix + partyref;
      return 'https://id.gs1.org/417/' + rawGLN + String(checkDigit(rawGLN));
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:class:lgtin:(([\d]{6}\.[\d]{7})|([\d]{7}\.[\d]{6})|([\d]{8}\.[\d]{5})|([\d]{9}\.[\d]{4})|([\d]{10}\.[\d]{3})|([\d]{11}\.[\d]{2})|([\d]{12}\.[\d]{1}))\.(\%2[125-9A-Fa-f]|\%3[0-9A-Fa-f]|\%4[1-9A-Fa-f]|\%5[0-9AaFf]|\%6[1-9A-Fa-f]|\%7[0-9Aa]|[!\')(*+,.0-9:;=A-Za-z_-]){1,20}$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(20, partition);
      const itemref = uri.slice(partition + 1, partition + 1 + (13 - companyPrefix.length));
      const rawGtin = itemref.slice(0, 1) + companyPrefix + itemref.slice(1);
      const lot = uri.slice(35);
      return 'https://id.gs1.org/01/' + rawGtin + String(checkDigit(rawGtin)) + '/10/' + percentEncode(lot);
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:idpat:sgtin:((\d{6}\.\d{7})|(\d{7}\.\d{6})|(\d{8}\.\d{5})|(\d{9}\.\d{4})|(\d{10}\.\d{3})|(\d{11}\.\d{2})|(\d{12}\.\d{1}))\.\*$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(20, partition);
      const itemref = uri.slice(partition + 1, partition + 1 + (13 - companyPrefix.length));
      const rawGtin = itemref.slice(0, 1) + companyPrefix + itemref.slice(1);
      return 'https://id.gs1.org/01/' + rawGtin + String(checkDigit(rawGtin));
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:idpat:grai:(([\d]{6}\.[\d]{6})|([\d]{7}\.[\d]{5})|([\d]{8}\.[\d]{4})|([\d]{9}\.[\d]{3})|([\d]{10}\.[\d]{2})|([\d]{11}\.[\d]{1})|([\d]{12}\.\.))\.\*$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(19, partition);
      const assetref = uri.slice(partition + 1, partition + 1 + (12 - companyPrefix.length));
      const rawGrai = '0' + companyPrefix + assetref;
      return 'https://id.gs1.org/8003/' + rawGrai + String(checkDigit(rawGrai));
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:idpat:gdti:(([\d]{6}\.[\d]{6})|([\d]{7}\.[\d]{5})|([\d]{8}\.[\d]{4})|([\d]{9}\.[\d]{3})|([\d]{10}\.[\d]{2})|([\d]{11}\.[\d]{1})|([\d]{12}\.\.))\.\*$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(19, partition);
      const documenttype = uri.slice(partition + 1, partition + 1 + (12 - companyPrefix.length));
      const rawGdti = companyPrefix + documenttype;
      return 'https://id.gs1.org/253/' + rawGdti + String(checkDigit(rawGdti));
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:idpat:sgcn:(([\d]{6}\.[\d]{6})|([\d]{7}\.[\d]{5})|([\d]{8}\.[\d]{4})|([\d]{9}\.[\d]{3})|([\d]{10}\.[\d]{2})|([\d]{11}\.[\d]{1})|([\d]{12}\.\.))\.\*$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(19, partition);
      const couponref = uri.slice(partition + 1, partition + 1 + (12 - companyPrefix.length));
      const rawSgcn = companyPrefix + couponref;
      return 'https://id.gs1.org/255/' + rawSgcn + String(checkDigit(rawSgcn));
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:idpat:cpi:((\d{6}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,24})|(\d{7}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,23})|(\d{8}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,22})|(\d{9}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,21})|(\d{10}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,20})|(\d{11}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,19})|(\d{12}\.(\%2[3dfDF]|\%3[0-9]|\%4[1-9A-Fa-f]|\%5[0-9Aa]|[0-9A-Z-]){1,18}))\.\*$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(18, partition);
      const separator = uri.lastIndexOf('.');
      const cpref = uri.slice(partition + 1, separator);
      const rawCpi = companyPrefix + cpref;
      return 'https://id.gs1.org/8010/' + percentEncode(rawCpi);
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:idpat:itip:(([\d]{6}\.[\d]{7})|([\d]{7}\.[\d]{6})|([\d]{8}\.[\d]{5})|([\d]{9}\.[\d]{4})|([\d]{10}\.[\d]{3})|([\d]{11}\.[\d]{2})|([\d]{12}\.[\d]{1}))\.[\d]{2}\.[\d]{2}\.\*$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(19, partition);
      const itemref = uri.slice(partition + 1, partition + 1 + (13 - companyPrefix.length));
      const rawGtin = itemref.slice(0, 1) + companyPrefix + itemref.slice(1);
      const piece = uri.slice(34, 36);
      const total = uri.slice(37, 39);
      return 'https://id.gs1.org/8006/' + rawGtin + String(checkDigit(rawGtin)) + piece + total;
    },
  },
  {
    pattern: pyMatch(String.raw`^urn:epc:idpat:upui:((\d{6}\.\d{7})|(\d{7}\.\d{6})|(\d{8}\.\d{5})|(\d{9}\.\d{4})|(\d{10}\.\d{3})|(\d{11}\.\d{2})|(\d{12}\.\d{1}))\.\*$`),
    convert: (uri, partition) => {
      const companyPrefix = uri.slice(19, partition);
      const itemref = uri.slice(partition + 1, partition + 1 + (13 - companyPrefix.length));
      const rawGtin = itemref.slice(0, 1) + companyPrefix + itemref.slice(1);
      return 'https://id.gs1.org/01/' + rawGtin + String(checkDigit(rawGtin));
    },
  },
];

const DIGITAL_LINK = pyMatch(
  String.raw`^https?:(\/\/((([^\/?#]*)@)?([^\/?#:]*)(:([^\/?#]*))?))?((([^?#]*)(\/(01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai)\/)(\d{4}[^\/]+)(\/[^/]+\/[^/]+)?[/]?(\?([^?\n]*))?(#([^\n]*))?)|(\/[A-Za-z_-]{10}$))`,
);
const CANONICAL_DIGITAL_LINK = pyMatch(
  String.raw`^https:\/\/id.gs1.org\/(01|8006|8010|414|417|8017|8018|255|00|253|401|402|8003|8004)\/(\d{4}[^\/]+)(\/[^\/]+\/[^\/]+)?[\/]?(\?([^?\n]*))?(#([^\n]*))?|(\/[A-Za-z_-]{10}$)`,
);
// Keys searched for, in this order, when the host is not id.gs1.org.
const PRIMARY_KEYS = ['00', '01', '253', '255', '401', '402', '414', '417', '8003', '8004', '8006', '8010', '8017', '8018'];
const SHORT_NAMES: [string, string][] = [
  ['/gtin/', '/01/'], ['/itip/', '/8006/'], ['/cpid/', '/8010/'], ['/gln/', '/414/'], ['/party/', '/417/'],
  ['/gsrnp/', '/8017/'], ['/gsrn/', '/8018/'], ['/gcn/', '/255/'], ['/sscc/', '/00/'], ['/gdti/', '/253/'],
  ['/ginc/', '/401/'], ['/gsin/', '/402/'], ['/grai/', '/8003/'], ['/giai/', '/8004/'], ['/cpv/', '/22/'],
  ['/lot/', '/10/'], ['/ser/', '/21/'],
];
const CHAR = String.raw`[\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]`;
const CHAR_OR_SLASH = String.raw`[\x2F\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]`;
const rx = pyMatch;
const CPV_ALONE = [rx(String.raw`https:\/\/id.gs1.org\/8006\/\d{18}\/22\/(${CHAR}{0,20})$`), rx(String.raw`https:\/\/id.gs1.org\/01\/\d{14}\/22\/(${CHAR}{0,20})$`)];
const CPV_FOLLOWED = [rx(String.raw`https:\/\/id.gs1.org\/8006\/\d{18}\/22\/(${CHAR_OR_SLASH}{0,20})$`), rx(String.raw`https:\/\/id.gs1.org\/01\/\d{14}\/22\/(${CHAR_OR_SLASH}{0,20})$`)];
const LOT_AND_SERIAL = [
  rx(String.raw`https:\/\/id.gs1.org\/8006\/\d{18}\/10\/(${CHAR}{0,20})\/21\/(${CHAR}{0,20})$`),
  rx(String.raw`https:\/\/id.gs1.org\/01\/(\d{14})\/10\/(${CHAR}{0,20})\/21\/(${CHAR}{0,20})$`),
];
// The shapes a normalised Digital Link may have; anything else is not normalised.
const VALID_OUTPUT = [
  String.raw`00\/(\d{18})`,
  String.raw`01\/(\d{14})\/21\/(${CHAR}{0,20})`,
  String.raw`01\/(\d{14})\/10\/(${CHAR}{0,20})`,
  String.raw`01\/(\d{14})`,
  String.raw`01\/(\d{14})\/235\/(${CHAR}{0,28})`,
  String.raw`253\/(\d{13})(${CHAR}{0,17})`,
  String.raw`255\/(\d{13})(\d{0,12})`,
  String.raw`401\/(${CHAR}{0,30})`,
  String.raw`402\/(\d{17})`,
  String.raw`414\/(\d{13})`,
  String.raw`414\/(\d{13})\/254\/(${CHAR}{0,20})`,
  String.raw`417\/(\d{13})`,
  String.raw`8003\/(\d{14})(${CHAR}{0,16})`,
  String.raw`8004\/(${CHAR}{0,30})`,
  String.raw`8006\/(\d{18})\/21\/(${CHAR}{0,20})`,
  String.raw`8006\/(\d{18})\/10\/(${CHAR}{0,20})`,
  String.raw`8006\/(\d{18})`,
  String.raw`8010\/([\x23\x2D\x2F\x30-\x39\x41-\x5A]{0,30})\/8011/(\d{0,12})`,
  String.raw`8010\/([\x23\x2D\x2F\x30-\x39\x41-\x5A]{0,30})`,
  String.raw`8017\/(\d{18})`,
  String.raw`8018\/(\d{18})`,
].map((tail) => rx(String.raw`^https:\/\/id.gs1.org\/` + tail + '$'));

/** The canonical GS1 Digital Link of an EPC URI or Digital Link URI, or undefined. */
export function normaliseDigitalLink(uri: string): string | undefined {
  const partition = uri.indexOf('.');
  if (partition < 0) return undefined;
  for (const rule of EPC_RULES) {
    if (rule.pattern.test(uri)) return rule.convert(uri, partition);
  }
  if (!DIGITAL_LINK.test(uri)) return undefined;
  let link = uri.includes('?') ? uri.slice(0, uri.indexOf('?')) : uri;
  for (const [from, to] of SHORT_NAMES) link = link.replaceAll(from, to);
  if (!CANONICAL_DIGITAL_LINK.test(link)) {
    const key = PRIMARY_KEYS.find((k) => link.includes(`/${k}/`));
    if (key !== undefined) link = 'https://id.gs1.org' + link.slice(link.indexOf(`/${key}/`));
  }
  if (!/^https:\/\/id.gs1.org\/01\/\d{14}/.test(link)) {
    if (/^https:\/\/id.gs1.org\/01\/\d{13}/.test(link)) link = link.replace('/01/', '/01/0');
    else if (/^https:\/\/id.gs1.org\/01\/\d{12}/.test(link)) link = link.replace('/01/', '/01/00');
    else if (/^https:\/\/id.gs1.org\/01\/\d{8}/.test(link)) link = link.replace('/01/', '/01/000000');
  }
  // Drop the CPV (AI 22). The reference's slicing, kept exactly: x is what follows the first "/22/"
  // (or the string from index 3 when there is none).
  const cpvAt = link.indexOf('/22/');
  const afterCpv = link.slice(cpvAt + 4);
  if (CPV_ALONE.some((r) => r.test(link))) {
    link = pySlice(link, 0, cpvAt) + pySlice(afterCpv, pyIndex(afterCpv.indexOf('/'), afterCpv), -1);
  }
  if (CPV_FOLLOWED.some((r) => r.test(link))) {
    link = pySlice(link, 0, link.indexOf('/22/')) + pySlice(afterCpv, pyIndex(afterCpv.indexOf('/'), afterCpv));
  }
  // Keep only the finest level of identification: with a serial, drop the lot.
  if (LOT_AND_SERIAL.some((r) => r.test(link))) {
    const afterLot = link.slice(link.indexOf('/10/') + 4);
    link = link.slice(0, link.indexOf('/10/')) + afterLot.slice(afterLot.indexOf('/'));
  }
  return VALID_OUTPUT.some((r) => r.test(link)) ? link : undefined;
}

// Python's str.find returns -1 where JS indexOf does too, but a Python slice treats -1 as "one
// before the end": these two helpers keep the reference's arithmetic exact.
function pyIndex(index: number, s: string): number {
  return index < 0 ? s.length + index : index;
}
function pySlice(s: string, start: number, end?: number): string {
  const from = start < 0 ? Math.max(0, s.length + start) : start;
  if (end === undefined) return s.slice(from);
  const to = end < 0 ? s.length + end : end;
  return s.slice(from, to);
}
